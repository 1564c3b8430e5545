workflow.include("workflow/Snakefile", overwrite_default_target=True)  # = include:, keeping its `rule all` as the default target
