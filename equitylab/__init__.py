"""equitylab: the small, tested functions behind the course *Achieving Racial Equity*.

Notebooks, chapters and widgets call this package; they never re-implement its logic.
Submodules are imported on demand (``import equitylab.measures``) so that importing the
package itself stays fast.
"""

__version__ = "0.1.0"
