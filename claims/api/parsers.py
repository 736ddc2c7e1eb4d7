"""Request parsers: DRF's JSON parser, made safe against bodies nested too deeply to decode."""

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser


TOO_DEEP = "JSON parse error - the document is nested too deeply."


class SafeJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:  # e.g. 100,000 nested lists: a 400, not a 500
            raise ParseError(TOO_DEEP) from None
