"""The Training view: the six live panels of one run."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP

from rnnviz.gui.dashboard import Dashboard
from rnnviz.gui.plots.gradients import GlobalGradPanel, GradTimePanel
from rnnviz.gui.plots.heatmaps import GatesPanel, HiddenPanel
from rnnviz.gui.plots.loss import LossPanel
from rnnviz.gui.plots.predictions import PredictionsPanel


class TrainingView(Dashboard):
    title = QT_TRANSLATE_NOOP("View", "Training")

    def __init__(self, parent=None) -> None:
        self.predictions, self.loss, self.grad_norm = (
            PredictionsPanel(), LossPanel(), GlobalGradPanel()
        )  # fmt: skip
        self.hidden, self.gates, self.grad_over_time = HiddenPanel(), GatesPanel(), GradTimePanel()
        super().__init__([self.predictions, self.loss, self.grad_norm,
                          self.hidden, self.gates, self.grad_over_time], 3, parent)  # fmt: skip
