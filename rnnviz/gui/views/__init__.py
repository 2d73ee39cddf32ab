"""The window's views, one tab each: Training today; Compare, Diagnostics and Unit attach
here. A view is a QWidget with `title`, `reset(info)`, `show_snapshot(snapshot)`,
`draw_now()` and `panels` (for the export menus)."""
