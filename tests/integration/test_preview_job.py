"""First-time previews render on a real RQ worker; the result is the GLB's URL."""

from allpetplus.builder.config import HarnessConfig
from allpetplus.core.queue import enqueue
from allpetplus.jobs.builder import render_preview_job


def test_render_job_runs_on_the_worker_and_writes_the_glb(start_worker, seeded, engine, tmp_path):
    start_worker(DATABASE_URL=str(engine.url))
    config = HarnessConfig(style="vest", size="S", webbing_colour="forest", text="MOCHI").normalised()
    job = enqueue(render_preview_job, config)
    result = job.latest_result(timeout=30)
    assert result is not None and result.type == result.Type.SUCCESSFUL, job.get_status()
    url = result.return_value
    assert url.startswith("/_upload/previews/") and url.endswith(".glb")
    glb = tmp_path / "uploads" / url.removeprefix("/_upload/")
    assert glb.read_bytes()[:4] == b"glTF"


def test_an_invalid_configuration_fails_the_job_visibly(start_worker, seeded, engine):
    start_worker(DATABASE_URL=str(engine.url))
    job = enqueue(render_preview_job, {"size": "XXL"}, retry=None)
    result = job.latest_result(timeout=30)
    assert result is not None and result.type == result.Type.FAILED
    assert "ValidationFailed" in (result.exc_string or "")
