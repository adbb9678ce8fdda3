"""The hook registry every layer uses to tell the layers above it what happened, without importing
them (docs/architecture.md, "Layers and hooks")."""


class Hook:
    """An ordered list of receivers. Lower `order` runs first, so the sequence of checks (and
    therefore which refusal a person reads when several apply) does not depend on app loading."""

    def __init__(self, name: str):
        self.name = name
        self._receivers: list[tuple[int, object]] = []

    def connect(self, receiver, *, order: int = 50) -> None:
        if any(r is receiver for _, r in self._receivers):
            return
        self._receivers.append((order, receiver))
        self._receivers.sort(key=lambda pair: pair[0])

    def disconnect(self, receiver) -> None:
        self._receivers = [(o, r) for o, r in self._receivers if r is not receiver]

    def send(self, **kwargs) -> list:
        """Call every receiver with the keyword arguments; their results, in order."""
        return [receiver(**kwargs) for _, receiver in self._receivers]

    def __repr__(self):
        return f"<Hook {self.name}: {len(self._receivers)} receivers>"
