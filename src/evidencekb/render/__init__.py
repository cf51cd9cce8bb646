"""Render stage: the knowledge base as Markdown pages and data files (strings only)."""

from evidencekb.render.pages import RenderOptions, render_site

__all__ = ["RenderOptions", "render_site"]
