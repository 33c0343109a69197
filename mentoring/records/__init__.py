"""One mentee whole (the mentee record) and the specialists' search."""
