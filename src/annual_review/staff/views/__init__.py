"""Staff pages, one module per family of pages (`staff/urls.py` names each view by its module).

Each view checks the role, parses input, calls one service or selector and shows the result.
"""
