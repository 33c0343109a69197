"""Forms of the PLC curriculum; their rules are the operations' own."""

from flask_wtf.file import FileField
from wtforms import SelectField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import ValidationError

from mentoring.core.files import size_words, type_words
from mentoring.core.forms import Form
from mentoring.core.text import clean_text
from mentoring.curriculum import operations
from mentoring.curriculum.models import MAX_TITLE, MAX_URL


def _check(problem: str | None) -> None:
    if problem:
        raise ValidationError(problem)


class ListTopicForm(Form):
    title = StringField("New topic", filters=[clean_text], render_kw={"maxlength": MAX_TITLE})
    submit = SubmitField("Add it to the list")

    def validate_title(self, field) -> None:
        _check(operations.title_problem(field.data, "Type the topic."))


class MonthForm(Form):
    """A month's topic, from the list or typed, and one more link and file for it."""

    chosen = SelectField("Topic from the program’s list", choices=[], validate_choice=False)
    typed = StringField(
        "Or type the topic", filters=[clean_text], render_kw={"maxlength": MAX_TITLE}
    )
    link_url = StringField(
        "Add a link (optional, https:// only)",
        filters=[clean_text],
        render_kw={"maxlength": MAX_URL, "inputmode": "url", "placeholder": "https://"},
    )
    link_label = StringField(
        "Name of the link (optional)", filters=[clean_text], render_kw={"maxlength": MAX_TITLE}
    )
    file = FileField(
        f"Add a file (optional: {type_words(operations.FILE_TYPES)}, "
        f"at most {size_words(operations.MAX_FILE_BYTES)})"
    )
    submit = SubmitField("Save the month")

    def __init__(self, *args, titles: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.chosen.choices = [SelectChoice("", "None: I type it below")] + [
            SelectChoice(title, title) for title in titles
        ]
        self.titles = set(titles)
        self.file_bytes: tuple[str | None, bytes | None] = (None, None)

    def validate_chosen(self, field) -> None:
        if field.data and field.data not in self.titles:
            raise ValidationError("Choose a topic from the list.")
        if not self.typed.data:
            _check(operations.topic_choice_problem(field.data or "", ""))

    def validate_typed(self, field) -> None:
        if field.data:
            _check(operations.topic_choice_problem(self.chosen.data or "", field.data))

    def validate_link_url(self, field) -> None:
        _check(operations.link_problem(field.data or ""))

    def validate_link_label(self, field) -> None:
        _check(operations.label_problem(field.data or "", self.link_url.data or ""))

    def upload(self) -> tuple[str | None, bytes | None]:
        """The file sent, as (its name, its bytes), or (None, None) when none was chosen."""
        upload = self.file.data
        if not upload or not upload.filename:
            return None, None
        with upload.stream:
            return upload.filename, upload.read()

    def validate_file(self, field) -> None:
        name, data = self.upload()
        # Read once: the route takes the bytes from here, not from the stream again.
        self.file_bytes = (name, data)
        _check(operations.upload_problem(data))
