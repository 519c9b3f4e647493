"""Assets of the published_by_body source: the drop folder of result files, read every night."""
