"""State reporting: enrollment and outcomes, progress now, mentor activity, certificates."""
