# Elasticsearch 8 with a Chinese analysis plugin (smartcn), for ad-hoc analysis of Chinese text by
# operators. The archive itself segments Chinese with its own tokenizer (search/tokenizer.ts) and indexes
# the tokens with the `whitespace` analyzer, so that matching is the same as on the embedded profile.
FROM docker.elastic.co/elasticsearch/elasticsearch:8.18.8
RUN bin/elasticsearch-plugin install --batch analysis-smartcn
