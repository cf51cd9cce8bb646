"""Render stage: the knowledge base as Markdown pages and data files (strings only).

`pages` registers each kind of page, `reads` records what a page reads while it renders,
`renderer` renders them (again only where what they read changed), `templating` holds the Jinja
environment and its helpers, `html` the escapers.
"""

from evidencekb.render.renderer import Rendered, SiteRenderer, render_site
from evidencekb.render.templating import RenderOptions

__all__ = ["RenderOptions", "Rendered", "SiteRenderer", "render_site"]
