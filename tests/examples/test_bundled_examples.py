"""The bundled examples run unchanged through the command line, as the README's quick start does."""
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def run(*args):
    return subprocess.run([sys.executable, "-m", "bridge.cli", *args], capture_output=True, text=True, cwd=ROOT,
                          timeout=600)


def test_train_mlp_learns_and_saves(tmp_path):
    out = tmp_path / "mlp.t7"
    r = run("run", "examples/train_mlp.lua", "-epochs", "60", "-save", str(out))
    assert r.returncode == 0, r.stderr
    last = [ln for ln in r.stdout.splitlines() if ln.startswith("epoch")][-1]
    accuracy = float(last.split("accuracy")[1].strip().rstrip("%"))
    assert accuracy > 85, r.stdout
    assert out.exists()
    # the saved model converts and verifies against the Lua original
    r = run("convert", str(out), "-o", str(tmp_path / "mlp.py"), "--target", "torch")
    assert r.returncode == 0, r.stderr
    assert "verified" in r.stdout


def test_script_error_exits_nonzero_with_lua_traceback(tmp_path):
    bad = tmp_path / "bad.lua"
    bad.write_text("require 'nn'\nlocal m = nn.Linear(3, 2)\nm:forward(torch.randn(4))\n")
    r = run("run", str(bad))
    assert r.returncode != 0
    assert "bad.lua:3" in r.stderr and "stack traceback" in r.stderr


def test_char_rnn_trains_checkpoints_and_samples(tmp_path):
    ckpt = tmp_path / "cv" / "lm.t7"
    r = run("run", "examples/char-rnn/train.lua", "-max_iters", "120", "-print_every", "40",
            "-checkpoint", str(ckpt))
    assert r.returncode == 0, r.stderr
    line = r.stdout.split("loss went from")[1].splitlines()[0]
    first, last = [float(x) for x in line.split("to")]
    assert last < first - 0.3, r.stdout
    assert ckpt.exists()
    r = run("run", "examples/char-rnn/sample.lua", str(ckpt), "-length", "50")
    assert r.returncode == 0, r.stderr
    assert len(r.stdout.strip()) >= 50
