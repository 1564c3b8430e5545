# From the raw file to tokens: ingest -> segment -> tokenize, one job per stage per document.


rule ingest:
    input:
        raw_document,
    output:
        text="results/{doc}/text/normalized.txt",
        original="results/{doc}/text/original.txt",
        info="results/{doc}/text/ingest.json",
    params:
        encoding=document_setting("encoding"),
    log:
        "logs/{doc}/ingest.log",
    benchmark:
        "logs/benchmarks/{doc}/ingest.tsv"
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
        chapters=report(
            "results/{doc}/structure/chapters.csv",
            caption="../report/structure_chapters.rst",
            category="Structure",
            subcategory="{doc}",
            labels={"table": "chapters"},
        ),
        sections="results/{doc}/structure/sections.csv",
        boxes="results/{doc}/structure/boxes.csv",
        parts="results/{doc}/structure/parts.csv",
        units=report(
            "results/{doc}/structure/units.csv",
            caption="../report/structure_units.rst",
            category="Structure",
            subcategory="{doc}",
            labels={"table": "text units"},
        ),
        sentences="results/{doc}/structure/sentences.csv",
        summary="results/{doc}/structure/structure.json",
    params:
        settings=segment_settings,
    log:
        "logs/{doc}/segment.log",
    benchmark:
        "logs/benchmarks/{doc}/segment.tsv"
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
        tokens="results/{doc}/tokens/sentences.csv",
        report_json="results/{doc}/tokens/report.json",
        report_md=report(
            "results/{doc}/tokens/report.md",
            caption="../report/tokens_report.rst",
            category="Tokens",
            subcategory="{doc}",
            labels={"table": "tokenization report"},
        ),
    params:
        settings=config["tokenize"],
    log:
        "logs/{doc}/tokenize.log",
    threads: 1
    priority: PRIORITY["tokenize"]
    conda:
        CONDA_ENV
    resources:
        mem_mb=2000,
        runtime=10,
    benchmark:
        "logs/benchmarks/{doc}/tokenize.tsv"
    script:
        "../scripts/tokenize.py"
