"""Line roles: which line of the copy is the headline, header metadata, body, credit,
editor's note or page furniture, decided by a CRF over layout evidence that holds for any
outlet (see ``features``), trained on the labelled corpus in ``tests/corpus``."""
