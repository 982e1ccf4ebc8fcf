"""Show settings: the podcast's title, owner and where its files are hosted."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Show:
    title: str = "audionews"
    description: str = "Audio editions of news articles, narrated by audionews."
    author: str = "audionews"
    email: str = ""
    base_url: str = "http://127.0.0.1:8000/"  # where the output folder is served (audionews serve)
    language: str = "en"
    category: str = "News"
    explicit: bool = False
    link: str = ""

    def url(self, relative: str) -> str:
        return self.base_url.rstrip("/") + "/" + relative.lstrip("/")
