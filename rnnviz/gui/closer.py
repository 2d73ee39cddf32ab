"""Look closer: a unit's analysis, the attribution of another step, the next-character odds.

Each is computed on the solo run's worker (training pauses for it and goes on) and drawn
when the answer comes back; the window stays responsive meanwhile.
"""

from __future__ import annotations

import time
from functools import partial

from rnnviz.core import jobs
from rnnviz.core.table import DataError
from rnnviz.gui.controllers import error_line
from rnnviz.gui.i18n import translate
from rnnviz.gui.plots.heatmaps import HiddenPanel

ODDS_REFRESH_S = 1.0  # while training, hovering recomputes the odds at most this often


class LookCloser:
    """Mixed into the window."""

    _unit_request: tuple[int, int] | None = None  # the unit being computed
    _odds_wanted: tuple[str, int] | None = None  # the newest hover: (text, index)
    _odds_busy = False

    def connect_look_closer(self) -> None:
        self._logits: dict[str, tuple] = {}  # text -> (probe step, time, logits, vocab)
        for view in self.views:
            for panel in view.findChildren(HiddenPanel):
                panel.unit_clicked.connect(self.inspect_unit)
                panel.step_clicked.connect(lambda t, p=panel: self.retarget(p, t))
                panel.step_hovered.connect(lambda t, p=panel: self._on_step_hovered(p, t))
        self.training.predictions.char_hovered.connect(self._on_sample_hovered)
        self.training.predictions.span_changed.connect(self.solo.set_prediction_span)
        self.unit_view.unit_requested.connect(self.inspect_unit)

    def inspect_unit(self, layer: int, unit: int) -> bool:
        """Compute unit `unit` of layer `layer` with the current weights and open it in the
        Unit view when it is done. False if there is no run."""
        if self.solo.run is None:
            return False
        self._unit_request = (layer, unit)
        self.unit_view.heading.setText(
            "<i>"
            + translate("MainWindow", "Computing layer {layer}, unit {unit}…").format(
                layer=layer + 1, unit=unit
            )
            + "</i>"
        )
        self.show_view(self.unit_view)

        def done(answer, error) -> None:
            if self._unit_request != (layer, unit):  # a newer request replaced this one
                return
            self._unit_request = None
            if error is not None:
                self.unit_view.heading.setText("")
                self.report_error(error_line(error, "inspect"))
                return
            report, step = answer
            self.unit_view.open_unit(report, step)

        doing = translate("MainWindow", "inspecting layer {layer}, unit {unit}…").format(
            layer=layer + 1, unit=unit
        )
        self.solo.submit(partial(jobs.inspect, layer, unit), done, doing)
        return True

    def retarget(self, panel: HiddenPanel, step: int) -> bool:
        """Attribute the prediction at 0-based `step` of the drawn probe window to its inputs
        (core's retarget_saliency on the worker); the panel shows it when it is computed."""
        if self.solo.run is None or panel.snapshot is None:
            return False
        probe = panel.snapshot.probe
        if self.replay.probe is not None:
            why = translate(
                "MainWindow",
                "attribution of another step needs the weights of the probe: press Live first",
            )
            self.statusBar().showMessage(why, 10_000)
            return False
        if step == len(probe.inputs) - 1:
            panel.set_retarget(probe, step, None)  # the probe's own input_saliency
            return True
        kind = self.solo.info.kind

        def done(values, error) -> None:
            if error is not None:
                self.report_error(error_line(error))
            else:
                panel.set_retarget(probe, step, values)

        self.solo.submit(partial(jobs.retarget, kind, probe.inputs, probe.target, step), done)
        return True

    # ----------------------------------------------------------------------- the odds

    def forget_odds(self) -> None:
        self._logits = {}

    def show_odds(self, text: str, i: int) -> None:
        """The next-character odds after text[: i + 1] in the sample panel's bars: from the
        cache when fresh, else computed on the worker (the newest hover wins)."""
        info = self.solo.info
        if self.solo.run is None or info is None or info.kind != "text" or not text:
            return
        step = self.solo.latest.probe.step if self.solo.latest is not None else -1
        cached = self._logits.get(text)
        fresh = cached is not None and (
            cached[0] == step
            or (self.solo.running and time.monotonic() - cached[1] < ODDS_REFRESH_S)
        )
        if fresh:
            self.training.predictions.odds.show_odds(text[: i + 1], cached[2][i], cached[3])
            return
        self._odds_wanted = (text, i)
        if self._odds_busy:
            return  # the answer in flight shows the newest hover when it comes
        self._odds_busy = True

        def done(answer, error) -> None:
            self._odds_busy = False
            if error is None:
                if len(self._logits) > 64:
                    self._logits.clear()
                self._logits[text] = (step, time.monotonic(), *answer)
            elif not isinstance(error, DataError):  # a character the vocabulary lacks
                self.report_error(error_line(error))
            wanted, self._odds_wanted = self._odds_wanted, None
            if wanted is not None and (error is None or wanted[0] != text):
                self.show_odds(*wanted)

        self.solo.submit(partial(jobs.odds, text), done)

    def _on_sample_hovered(self, prefix: str) -> None:
        if self.replay.probe is not None:  # an old sample: the odds would be today's model's
            return
        sample = self.training.predictions.text.toPlainText()
        self.show_odds(sample, len(prefix) - 1)

    def _on_step_hovered(self, panel: HiddenPanel, t: int) -> None:
        tokens = panel.snapshot.probe.tokens if panel.snapshot is not None else None
        if tokens and self.replay.probe is None:
            self.show_odds("".join(tokens), t)
