# The dashboard.
