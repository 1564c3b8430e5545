# Provenance of each document's run: written last, after every other output.


rule manifest:
    input:
        raw=raw_document,
        resources=tokenizer_files,
        outputs=document_outputs,
    output:
        manifest="results/{doc}/manifest.json",
    params:
        benchmarks=benchmark_dir,
        repo=str(REPO_DIR),
    log:
        "logs/{doc}/manifest.log",
    threads: 1
    priority: PRIORITY["manifest"]
    conda:
        CONDA_ENV
    resources:
        mem_mb=500,
        runtime=5,
    script:
        "../scripts/manifest.py"
