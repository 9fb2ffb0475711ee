"""Logistic-regression intent classifier on length-normalised features."""

from __future__ import annotations

from typing import Any, Dict, List

import numpy as np
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.logistic_regression_classifier import LogisticRegressionClassifier
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from scipy.sparse import csr_matrix, vstack
from sklearn.preprocessing import normalize


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class NormalizedLogisticRegressionClassifier(LogisticRegressionClassifier):
    """Rasa's logistic regression with L2-normalised inputs and a configurable `C`.

    Rasa's classifier feeds raw n-gram counts with a fixed C of 1.0: long messages then get
    overconfident predictions and two-word messages ("а больно?") nearly uniform ones.
    Normalising each message's feature vector makes confidence independent of length, so one
    fallback threshold fits short and long questions; the stronger C compensates for the
    smaller feature values.
    """

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        """Returns the component's default config."""
        return {**LogisticRegressionClassifier.get_default_config(), "C": 30.0}

    def __init__(self, config: Dict[str, Any], name: str, model_storage: ModelStorage, resource: Resource) -> None:
        """Creates the classifier with the configured regularisation strength."""
        super().__init__(config, name, model_storage, resource)
        self.clf.set_params(C=float(self.config["C"]))

    def _create_X(self, messages: List[Message]) -> csr_matrix:
        """Builds the normalised feature matrix (see parent class).

        This pipeline has sparse sentence features only; stacking them directly skips the
        parent's per-message `hstack` with an empty dense block (6% of a turn's time).
        """
        sentence_features = [message.get_sparse_features(attribute=TEXT)[1] for message in messages]
        dense = any(message.get_dense_features(attribute=TEXT)[1] is not None for message in messages)
        if dense or any(features is None for features in sentence_features):
            return normalize(super()._create_X(messages).tocsr())
        return normalize(vstack([features.features for features in sentence_features]).tocsr())

    def process(self, messages: List[Message]) -> List[Message]:
        """Classifies messages (see parent class).

        scikit-learn multiplies the features by the transposed weights; stored column-major, the
        transpose needs no copy of the 27 x 40,000 matrix per message (0.9 ms to 0.01 ms).
        """
        if hasattr(self.clf, "coef_") and not self.clf.coef_.flags.f_contiguous:
            self.clf.coef_ = np.asfortranarray(self.clf.coef_)
        processed: List[Message] = super().process(messages)
        return processed
