FROM python:3.11-slim
RUN pip install --no-cache-dir uv==0.13.9
WORKDIR /app
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-default-groups
COPY alembic.ini ./
COPY shared ./shared
COPY services ./services
ENV PATH="/app/.venv/bin:$PATH" HOST=0.0.0.0 PORT=8080 LOG_FORMAT=json
EXPOSE 8080
CMD ["python", "-m", "services"]
