"""Placeholder: the live consumer (see docs/live.md) lands with the live-updates work."""

from channels.generic.websocket import AsyncJsonWebsocketConsumer


class LiveConsumer(AsyncJsonWebsocketConsumer):
    async def connect(self):
        await self.close()
