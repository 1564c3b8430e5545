# From the raw file to tokens: ingest -> segment -> tokenize, one job per stage per document.


rule ingest:
    input:
        raw_document,
    output:
        text=out("text"),
        original=out("original_text"),
        info=out("ingest_info"),
    params:
        encoding=document_setting("encoding"),
    log:
        paths.log("ingest"),
    benchmark:
        paths.benchmark("ingest")
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
        diagnostics=report(
            out("diagnostics"),
            caption="../report/structure_diagnostics.rst",
            category="Structure",
            subcategory="{doc}",
            labels={"table": "diagnostics: check first"},
        ),
        chapters=report(
            out("chapters"),
            caption="../report/structure_chapters.rst",
            category="Structure",
            subcategory="{doc}",
            labels={"table": "chapters"},
        ),
        sections=out("sections"),
        boxes=out("boxes"),
        parts=out("parts"),
        units=report(
            out("units"),
            caption="../report/structure_units.rst",
            category="Structure",
            subcategory="{doc}",
            labels={"table": "text units"},
        ),
        sentences=out("sentences"),
        summary=out("structure"),
    params:
        settings=segment_settings,
    log:
        paths.log("segment"),
    benchmark:
        paths.benchmark("segment")
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
        tokens=out("tokens"),
        report_json=out("tokens_report_json"),
        report_md=report(
            out("tokens_report"),
            caption="../report/tokens_report.rst",
            category="Tokens",
            subcategory="{doc}",
            labels={"table": "tokenization report"},
        ),
    params:
        settings=config["tokenize"],
    log:
        paths.log("tokenize"),
    benchmark:
        paths.benchmark("tokenize")
    threads: 1
    priority: PRIORITY["tokenize"]
    conda:
        CONDA_ENV
    resources:
        mem_mb=2000,
        runtime=10,
    script:
        "../scripts/tokenize.py"
