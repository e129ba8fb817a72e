"""Learning from the annotated corpus: the trigger and realis tagger (`eventmill train`)."""
