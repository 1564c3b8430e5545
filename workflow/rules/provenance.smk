# Provenance of each document's run: written last, after every other output.


rule manifest:
    input:
        raw=raw_document,
        resources=tokenizer_files,
        outputs=document_outputs,
    output:
        manifest=out("manifest"),
    params:
        benchmarks=paths.benchmarks(),
        repo=str(REPO_DIR),
    log:
        paths.log("manifest"),
    wildcard_constraints:
        doc=UNBATCHED_PATTERN,  # a batched document's manifest is made by its batch (rules/batches.smk)
    threads: 1
    priority: PRIORITY["manifest"]
    conda:
        CONDA_ENV
    resources:
        mem_mb=500,
        runtime=5,
    script:
        "../scripts/manifest.py"
