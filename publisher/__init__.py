"""publisher: multilingual campaign content as code — check, fix, preview and publish posts."""

from publisher.diagnostics import Diagnostic, Fix
from publisher.platforms import limit, measure

__all__ = ["Diagnostic", "Fix", "limit", "measure"]
__version__ = "0.1.0"
