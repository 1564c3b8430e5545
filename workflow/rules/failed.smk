# The documents a run cannot analyse (plantopics.workflow.checks, decided in common.smk before any job):
# results/_failed.csv lists them with the reason, in the report too; no rows when every document works.


localrules:
    failed_documents,


rule failed_documents:
    output:
        table=report(
            paths.failed_documents(),
            caption="../report/failed_documents.rst",
            category="Failed documents",
            labels={"table": "documents not analysed"},
        ),
    params:
        rows=pw_checks.failed_rows(DOCUMENTS, FAILED),
    log:
        paths.log("failed_documents", paths.RUN_LOGS),
    threads: 1
    resources:
        mem_mb=200,
        runtime=1,
    conda:
        CONDA_ENV
    script:
        "../scripts/failed_documents.py"
