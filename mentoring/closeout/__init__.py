"""Closing a cohort after its second program year: who completed, who waits for a certificate,
who did not complete and why."""
