"""What the view modules share."""


def posted(request):
    """The submitted data on a POST (even an empty one), None otherwise: binds forms."""
    return request.POST if request.method == "POST" else None
