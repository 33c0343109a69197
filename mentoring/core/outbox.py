"""The development outbox: Flask-Mailman's file backend, with files only their owner can read.

The messages hold live invitation and password-reset links, so the folder is created 0700 and
each file 0600, whatever the umask.
"""

import os

from flask_mailman.backends.file import EmailBackend as FileEmailBackend


class EmailBackend(FileEmailBackend):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        os.chmod(self.file_path, 0o700)

    def open(self) -> bool:
        if self.stream is None:
            descriptor = os.open(
                self._get_filename(), os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600
            )
            self.stream = os.fdopen(descriptor, "ab")
            return True
        return False
