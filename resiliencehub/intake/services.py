"""Kept only while `episodes.services` is being split into sub-domain modules: the measure
recording it imports here now lives in `resiliencehub.records.measures`. Remove this file
once that import points there."""

from resiliencehub.records.measures import measure_response_record

__all__ = ["measure_response_record"]
