# From the raw file to tokens: ingest -> segment -> tokenize, one job per stage per document;
# under series.light the documents of a batch run them in one job instead (rules/batches.smk).


rule ingest:
    input:
        raw_document,
    output:
        **stage_outputs("ingest"),
    params:
        encoding=document_setting("encoding"),
    log:
        paths.log("ingest"),
    benchmark:
        paths.benchmark("ingest")
    wildcard_constraints:
        doc=UNBATCHED_PATTERN,
    threads: 1
    priority: PRIORITY["ingest"]
    conda:
        CONDA_ENV
    resources:
        mem_mb=500,
        runtime=5,
    script:
        "../scripts/ingest.py"


rule segment:
    input:
        text=rules.ingest.output.text,
    output:
        **stage_outputs("segment"),
    params:
        settings=segment_settings,
    log:
        paths.log("segment"),
    benchmark:
        paths.benchmark("segment")
    wildcard_constraints:
        doc=UNBATCHED_PATTERN,
    threads: 1
    priority: PRIORITY["segment"]
    conda:
        CONDA_ENV
    resources:
        mem_mb=1000,
        runtime=5,
    script:
        "../scripts/segment.py"


rule tokenize:
    input:
        sentences=rules.segment.output.sentences,
        dictionaries=tokenizer_files,
    output:
        **stage_outputs("tokenize"),
    params:
        settings=config["tokenize"],
    log:
        paths.log("tokenize"),
    benchmark:
        paths.benchmark("tokenize")
    wildcard_constraints:
        doc=UNBATCHED_PATTERN,
    threads: 1
    priority: PRIORITY["tokenize"]
    conda:
        CONDA_ENV
    resources:
        mem_mb=2000,
        runtime=10,
    script:
        "../scripts/tokenize.py"
