"""The staff app keeps no data of its own: failed sign-ins are django-axes' (see signin.py)."""
