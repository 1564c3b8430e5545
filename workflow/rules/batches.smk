# Under series.light, the text stages (ingest -> segment -> tokenize -> keyword tables -> KWIC) of each
# batch of series.light_batch documents (TEXT_BATCHES, common.smk) in one job, and then each document's
# manifest: a long series starts a few processes instead of six per document (docs/series.md). Their
# outputs are those of the per-document rules (plantopics.workflow.stages.OUTPUTS, and rule manifest's),
# which then match only the documents in no batch.
for batch, batch_documents in TEXT_BATCHES.items():

    rule:
        name:
            f"text_batch_{batch}"
        input:
            raw=[DOCUMENTS[doc] for doc in batch_documents],
            dictionaries=tokenizer_files,
        output:
            [path for doc in batch_documents for path in batch_outputs(doc).values()],
        params:
            documents=batch_documents,
            outputs={doc: {key: str(path) for key, path in batch_outputs(doc).items()} for doc in batch_documents},
            settings={doc: batch_settings(doc) for doc in batch_documents},
            tokenize=config["tokenize"],
            repo=str(REPO_DIR),
            batch={
                "job": f"text_batch_{batch}",
                "benchmark": paths.benchmark(f"text_batch_{batch}", paths.RUN_LOGS),
            },
        log:
            paths.log(f"text_batch_{batch}", paths.RUN_LOGS),
        benchmark:
            paths.benchmark(f"text_batch_{batch}", paths.RUN_LOGS)
        threads: 1
        priority: PRIORITY["tokenize"]
        conda:
            CONDA_ENV
        resources:
            mem_mb=2000,
            runtime=10 * len(batch_documents),
        script:
            "../scripts/text_batch.py"
