"""A Rich progress bar on stderr for long command-line jobs, shown only past a threshold so
small jobs stay quiet (and a pipe on stdout never sees it)."""

from __future__ import annotations


class ProgressBar:
    """`with ProgressBar("Exporting") as progress: job(progress=progress)`; the job calls
    `progress(done, total)`."""

    def __init__(self, label: str, threshold: int = 5000) -> None:
        self.label, self.threshold = label, threshold
        self.progress, self.task = None, None

    def __enter__(self):
        return self.update

    def update(self, done: int, total: int) -> None:
        if total < self.threshold:
            return
        if self.progress is None:
            from rich.console import Console
            from rich.progress import Progress

            self.progress = Progress(console=Console(stderr=True), transient=True)
            self.progress.start()
            self.task = self.progress.add_task(self.label, total=total)
        self.progress.update(self.task, completed=done)

    def __exit__(self, *exc) -> None:
        if self.progress is not None:
            self.progress.stop()
