"""(being written for issue 15)"""

from __future__ import annotations

from typing import Any

GLOBALS: dict[str, Any] = {}
"""What this module gives every template (merged into the environment by render.templating)."""
