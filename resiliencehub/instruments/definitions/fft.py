"""NHS Friends and Family Test, 2020 wording (instruments.md §10).

- Question since April 2020: "Overall, how was your experience of our service?" (NHS
  England guidance, via kentcht.nhs.uk and wuth.nhs.uk). The pre-2020 "How likely are you
  to recommend..." wording is outdated and not used.
- Options in order, stored as 1-6: Very good, Good, Neither good nor poor, Poor, Very
  poor, Don't know (wattonmedicalpractice.co.uk; epsom-sthelier.nhs.uk).
- At least one free-text follow-up is required (kintbury surgery page); the follow-up
  wording is the hub's own, kept optional.
- A single response has no score. Its band is the reporting category: Very good or Good
  positive; Poor or Very poor negative (epsom-sthelier.nhs.uk); Neither neutral; Don't know
  kept separately because it stays in the denominator of percent positive (the Watton
  example, 214 / 244 = 88%).
"""

from ..model import AnswerType, Band, BandBasis, Instrument, Item, Option, Scoring

FFT = Instrument(
    id="FFT",
    version="1.0.0",
    title="NHS Friends and Family Test",
    short_title="Your experience of the service",
    preamble="We would like you to think about your recent experience of our service.",
    items=(
        Item(
            number=1,
            link_id="fft.1",
            text="Overall, how was your experience of our service?",
            answer_type=AnswerType.CHOICE,
            options=(
                Option(1, "Very good"),
                Option(2, "Good"),
                Option(3, "Neither good nor poor"),
                Option(4, "Poor"),
                Option(5, "Very poor"),
                Option(6, "Don't know"),
            ),
        ),
        Item(
            number=2,
            link_id="fft.2",
            text="Please tell us why you gave your answer.",
            answer_type=AnswerType.TEXT,
            optional=True,
        ),
    ),
    source=(
        "NHS England Friends and Family Test guidance (2020 question); option order and "
        "positive/negative grouping from NHS trust and practice publications. See "
        "instruments.md section 10."
    ),
    licence="NHS England; free for NHS-funded services.",
    link_prefix="fft",
    scoring=Scoring(
        bands=(
            Band(1, "positive"),
            Band(3, "neutral"),
            Band(4, "negative"),
            Band(6, "don't know"),
        ),
        band_basis=BandBasis.HIGHEST_ITEM,
    ),
)
