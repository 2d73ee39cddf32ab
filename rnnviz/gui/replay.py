"""Replay: a scrubber over the probes the run kept, to see how the internals got where they are.

The trainer's ProbeLog keeps at most a few hundred whole probes, evenly thinned as the run
grows (every stride-th probe plus the newest; the stride doubles when the log is full). The
slider walks those; moving it pins every view to the chosen probe (the loss curves keep
growing and mark its step); letting go of the slider, or Live, returns to the newest.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSlider, QWidget

from rnnviz.core.snapshot import ProbeResult, Snapshot

PLAY_MS = 120  # one stored probe every this many ms while playing


class ReplayBar(QWidget):
    """Slider + play/pause + Live. Emits `pinned(snapshot or None)`."""

    pinned = Signal(object)  # a Snapshot whose probe is a stored one, or None: live

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("replay")
        self.play_button = QPushButton("▶")
        self.play_button.setToolTip(self.tr("Play training back through the stored probes"))
        self.play_button.setFixedWidth(32)
        self.play_button.clicked.connect(self.toggle_play)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setObjectName("replay_slider")
        self.slider.setToolTip(self.tr(
            "Replay: drag to see every probe panel at an earlier moment of training; let go "
            "to return to live. The run keeps at most a few hundred probes, thinned evenly."
        ))  # fmt: skip
        self.slider.setRange(0, 0)
        self.slider.valueChanged.connect(self._on_moved)
        self.slider.sliderReleased.connect(self._on_released)
        self.live_button = QPushButton(self.tr("Live"))
        self.live_button.setToolTip(self.tr("Follow the newest probe again"))
        self.live_button.clicked.connect(self.go_live)
        self.label = QLabel(self.tr("live"))
        self.label.setMinimumWidth(230)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        layout.addWidget(QLabel(self.tr("Replay")))
        layout.addWidget(self.play_button)
        layout.addWidget(self.slider, 1)
        layout.addWidget(self.live_button)
        layout.addWidget(self.label)
        self.latest: Snapshot | None = None
        self.probe: ProbeResult | None = None  # the pinned stored probe; None: live
        self.timer = QTimer(self, interval=PLAY_MS)
        self.timer.timeout.connect(self._on_tick)
        self._quiet = False

    @property
    def probes(self) -> tuple[ProbeResult, ...]:
        return self.latest.probes.probes if self.latest is not None else ()

    def reset(self) -> None:
        self.timer.stop()
        self.play_button.setText("▶")
        self.latest, self.probe = None, None
        self._set_slider(0, 0)
        self.label.setText(self.tr("live"))

    def show_snapshot(self, snap: Snapshot) -> None:
        """A new snapshot: the slider covers its stored probes; a pinned view stays on its
        probe with the newest history."""
        self.latest = snap
        n = len(self.probes)
        if self.probe is None:
            self._set_slider(n - 1, n - 1)
        else:
            kept = [p.step for p in self.probes]
            i = kept.index(self.probe.step) if self.probe.step in kept else self.slider.value()
            self._set_slider(n - 1, min(i, n - 1))
            self.pinned.emit(self.pinned_snapshot())

    def _set_slider(self, top: int, value: int) -> None:
        self._quiet = True
        self.slider.setRange(0, max(top, 0))
        self.slider.setValue(max(value, 0))
        self._quiet = False

    def pinned_snapshot(self) -> Snapshot | None:
        if self.probe is None or self.latest is None:
            return None
        return replace(self.latest, probe=self.probe)

    def pin_index(self, i: int) -> None:
        """Pin every view to stored probe i (0 = the oldest kept)."""
        probes = self.probes
        if not probes:
            return
        i = max(0, min(i, len(probes) - 1))
        self.probe = probes[i]
        self._set_slider(len(probes) - 1, i)
        self.label.setText(self.tr("step {step}  (probe {i} of {n} kept)").format(
            step=self.probe.step, i=i + 1, n=len(probes)))  # fmt: skip
        self.pinned.emit(self.pinned_snapshot())

    def go_live(self) -> None:
        self.timer.stop()
        self.play_button.setText("▶")
        self.probe = None
        n = len(self.probes)
        self._set_slider(n - 1, n - 1)
        self.label.setText(self.tr("live"))
        self.pinned.emit(None)

    def toggle_play(self) -> None:
        if self.timer.isActive():
            self.timer.stop()
            self.play_button.setText("▶")
            return
        if not self.probes:
            return
        if self.probe is None or self.slider.value() >= self.slider.maximum():
            self.pin_index(0)
        self.play_button.setText("⏸")
        self.timer.start()

    def _on_tick(self) -> None:
        if self.slider.value() >= self.slider.maximum():
            self.timer.stop()  # the end of the stored probes: stay there, paused
            self.play_button.setText("▶")
            return
        self.pin_index(self.slider.value() + 1)

    def _on_moved(self, i: int) -> None:
        if not self._quiet:
            self.pin_index(i)

    def _on_released(self) -> None:
        if not self.timer.isActive():
            self.go_live()
