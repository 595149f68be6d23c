"""Pages that combine several apps (home, commune and space pages, the demo): the top layer, which may import every
app and which no app imports."""
