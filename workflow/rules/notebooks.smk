# Executed copies of the interpretation notebooks, one HTML page each per document.


rule render_notebooks:
    input:
        notebooks=notebook_sources(),
        results=notebook_inputs,
    output:
        html=notebook_pages(),
    log:
        paths.log("render_notebooks"),
    benchmark:
        paths.benchmark("render_notebooks")
    threads: 1
    priority: PRIORITY["render_notebooks"]
    conda:
        CONDA_ENV
    resources:
        mem_mb=2000,
        runtime=15,
    script:
        "../scripts/render_notebooks.py"
