"""`python -m annual_review` is the same as `annual-review`."""

from annual_review.cli import main

main()
