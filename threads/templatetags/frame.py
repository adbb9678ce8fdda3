"""`{% fixed_runs %}`: the page frame's fixed text rendered once per language, not per request (issue 16).

`base.html`'s header, navigation and footer are ~90 nodes, half of them `{% translate "…" %}`,
`{% url 'name' %}` and `{% static '…' %}` with literal arguments: ~2 ms of every page spent
producing the same words and addresses. Inside `{% fixed_runs %}…{% endfixed_runs %}` each run of
consecutive nodes whose output can depend on nothing but the language, the URL configuration, the
script prefix and the escaping (literal text, those three tags with literal arguments and no `as`,
a `{% blocktranslate %}` of literal text) becomes one node that renders them once per such key and
keeps the joined text. Every other node — variables, `{% if %}`, `{% csrf_token %}`, blocks,
includes, custom tags — renders on every request as before; runs inside them are kept too. So
nothing a reader brings (a name, a count, a token, a path) is ever kept: what is kept is decided by
the kind of node, at parse time, not by a list of what a page shows.
"""

import threading

from django import template
from django.conf import settings
from django.template.base import NodeList, TextNode, TokenType, Variable
from django.template.defaulttags import CommentNode, IfNode, LoadNode, URLNode
from django.templatetags.i18n import BlockTranslateNode, TranslateNode
from django.templatetags.static import StaticNode
from django.urls import get_script_prefix, get_urlconf
from django.utils.translation import get_language

register = template.Library()


def _literal(expression) -> bool:
    """A filter expression that is a constant with no filters ("'home'", "0")."""
    if expression is None:
        return True
    if expression.filters:
        return False
    var = expression.var
    if isinstance(var, Variable):
        return var.literal is not None and var.lookups is None
    return not expression.is_var


def _fixed(node) -> bool:
    """Whether the node's output depends on nothing but the language, URLconf, script prefix and escaping."""
    if isinstance(node, (TextNode, CommentNode, LoadNode)):
        return True
    if isinstance(node, TranslateNode):
        return node.asvar is None and _literal(node.filter_expression) and _literal(node.message_context)
    if isinstance(node, URLNode):
        return (
            node.asvar is None and _literal(node.view_name) and ":" not in str(node.view_name.var)  # no namespace: no current_app
            and all(_literal(arg) for arg in node.args) and all(_literal(arg) for arg in node.kwargs.values())
        )
    if isinstance(node, StaticNode):
        return node.varname is None and _literal(node.path)
    if isinstance(node, BlockTranslateNode):
        return (
            node.asvar is None and node.counter is None and node.plural is None and not node.extra_context
            and _literal(node.message_context) and all(token.token_type == TokenType.TEXT for token in node.singular)
        )
    return False


class FixedRunNode(template.Node):
    """Consecutive fixed nodes, rendered once per language (and URLconf, prefix, escaping) and kept."""

    child_nodelists = ()

    def __init__(self, nodes):
        self.nodes = NodeList(nodes)
        self.token, self.origin = nodes[0].token, nodes[0].origin
        self.kept: dict[tuple, str] = {}
        self.lock = threading.Lock()

    def render(self, context):
        if not settings.HAMGAMI["FIXED_RUNS"]:
            return self.nodes.render(context)
        key = (get_language(), get_script_prefix(), get_urlconf(), context.autoescape)
        text = self.kept.get(key)
        if text is None:
            text = self.nodes.render(context)
            with self.lock:
                self.kept[key] = text
        return text  # a node's output goes into the page as it is (the nodes escaped what they had to)


def _fold(nodelist: NodeList) -> None:
    """Replace each run of fixed nodes (two or more, or one that is not plain text) in place; fold inside the others."""
    folded, run = [], []

    def close_run():
        if len(run) > 1 or (run and not isinstance(run[0], TextNode)):
            folded.append(FixedRunNode(run[:]))
        else:
            folded.extend(run)
        run.clear()

    for node in nodelist:
        if _fixed(node):
            run.append(node)
            continue
        close_run()
        if isinstance(node, IfNode):  # its `nodelist` is a fresh list each time: fold the branches themselves
            for _condition, branch in node.conditions_nodelists:
                _fold(branch)
        else:
            for name in node.child_nodelists:
                inner = getattr(node, name, None)
                if isinstance(inner, NodeList):
                    _fold(inner)
        folded.append(node)
    close_run()
    nodelist[:] = folded


class FixedRunsNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context):
        return self.nodelist.render(context)


@register.tag
def fixed_runs(parser, token):
    """`{% fixed_runs %}…{% endfixed_runs %}`: the fixed runs inside rendered once per language."""
    nodelist = parser.parse(("endfixed_runs",))
    parser.delete_first_token()
    _fold(nodelist)
    return FixedRunsNode(nodelist)
