"""The README's Pipeline example runs as written."""

import re
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"


def test_readme_example_runs():
    code = re.search(r"```python\n(.*?)```", README.read_text(), re.S).group(1)
    namespace: dict = {}
    exec(compile(code, "README.md", "exec"), namespace)
    assert namespace["search"].best_params_["kmervectorizer__k"] in (4, 6)
    # real held-out DREAM rows: k-mer counts + LightGBM reach about 0.6
    assert namespace["r"] > 0.55, namespace["r"]
