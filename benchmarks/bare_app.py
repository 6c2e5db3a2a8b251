"""The ceiling of this stack on this machine: a bare Flask JSON endpoint, served by gunicorn
with the services' own settings. It parses the same body a draft save sends and answers
with a small JSON object, touching no database, Redis or schema."""

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.put("/bare")
def save():
    body = request.get_json()
    return jsonify(saved=True, answered=len(body.get("answers", {})))


@app.get("/healthz")
def healthz():
    return jsonify(ok=True)
