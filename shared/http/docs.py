"""A self-contained docs page that renders /openapi.json (no assets from outside: it works offline)."""

from html import escape

_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<style>
body{{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}}
h2{{border-bottom:1px solid #ccc;margin-top:2rem}} code,pre{{background:#f4f4f4;padding:.1rem .3rem}}
pre{{padding:.6rem;overflow:auto}} .op{{margin:1rem 0}}
.m{{font-weight:700;display:inline-block;width:4.5rem}}
.s{{color:#555;font-size:.9em}}
</style></head><body>
<h1>{title}</h1>
<p>Machine-readable: <a href="openapi.json">openapi.json</a> (OpenAPI 3.1). Errors are RFC 9457
<code>application/problem+json</code>. Get a token with <code>POST /oauth/token</code>
(client credentials).</p>
<div id="ops">Loading…</div>
<script>
fetch("openapi.json").then(r => r.json()).then(spec => {{
  const byTag = {{}};
  for (const [path, ops] of Object.entries(spec.paths))
    for (const [method, op] of Object.entries(ops))
      (byTag[op.tags[0]] ??= []).push([method, path, op]);
  const out = document.getElementById("ops"); out.textContent = "";
  for (const [tag, ops] of Object.entries(byTag)) {{
    const h = document.createElement("h2"); h.textContent = tag; out.append(h);
    for (const [method, path, op] of ops) {{
      const d = document.createElement("div"); d.className = "op";
      const scopes = (op.security?.[0]?.oauth2 || []).join(" or ") || "no login";
      d.innerHTML = `<div><span class="m"></span><code></code></div><div></div><div class="s"></div>`;
      d.querySelector(".m").textContent = method.toUpperCase();
      d.querySelector("code").textContent = path;
      d.children[1].textContent = op.summary + (op.description ? " — " + op.description : "");
      const codes = Object.keys(op.responses).join(", ");
      d.querySelector(".s").textContent = "scope: " + scopes + " · responses: " + codes;
      const ex = op.requestBody?.content?.["application/json"]?.example;
      if (ex) {{
        const p = document.createElement("pre"); p.textContent = JSON.stringify(ex, null, 2); d.append(p);
      }}
      out.append(d);
    }}
  }}
}});
</script></body></html>
"""


def docs_page(title: str) -> str:
    return _PAGE.format(title=escape(title))
