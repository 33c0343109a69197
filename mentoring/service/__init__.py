"""Mentor service: training events and their attendance, the yearly service statement, and
the service requirements of a school year with the mentors who met them."""
