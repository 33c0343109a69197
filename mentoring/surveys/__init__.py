"""Program evaluation: surveys of mentees, mentors and administrators, and exit surveys."""
