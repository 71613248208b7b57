"""Follow up the action items of cooperation agreements between Vietnamese localities."""

__version__ = "0.1.0"
