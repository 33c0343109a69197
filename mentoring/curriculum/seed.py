"""The topic list a new installation starts with, in the words of the department's own pages
(../shared/seeds/). Specialists change the list on /admin/curriculum/topics afterwards. The
migration that creates the list inserts these; the demo data does too."""

PROGRAM_TOPICS = (
    # 003 (the mentoring program), its first goal.
    "Skill development, collaboration and reflection",
    # 003, its second goal.
    "The responsibilities and administrative culture of a comprehensive school counseling program",
    # 003, its third goal.
    "Supporting new and returning counselors in their work with students",
    "Building a cohort of new and returning school counselors",
    # 003: "PLC's challenge the practice of isolation and foster collaboration and sharing of
    # best practices".
    "Sharing best practices in the PLC",
    # 003: "mentoring is most effective when trust is established and mentors provide support
    # that is non-judgmental and confidential".
    "Trust and confidentiality in mentoring",
    # 000 (the Initial Student Services certificate): what the upgrade to CSS asks.
    "Upgrading from the ISS to the CSS certificate",
    "Planning 40 contact hours of professional development",
    "The annual Performance-Based Student Services Evaluation",
)
