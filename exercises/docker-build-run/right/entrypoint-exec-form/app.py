"""A tiny web app: answers every GET / with a greeting."""
import os

from flask import Flask

MESSAGE = "Hello from OrchLab!"

app = Flask(__name__)


@app.get("/")
def hello():
    return MESSAGE + "\n"


if __name__ == "__main__":
    # 0.0.0.0: listen on every interface of the container, not only its own loopback
    app.run(host="0.0.0.0", port=int(os.environ.get("PORT", "8000")))
