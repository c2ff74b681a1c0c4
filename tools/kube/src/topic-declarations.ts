// The topic declarations (deploy/kubernetes/base/topics/topics.tsv) as the dev stack reads them:
// one parser for the topics Job's file, the dev stack's topic creation and the invariant test.
export {
  readTopicDeclarations,
  TOPICS_TSV,
  type TopicDeclaration,
  topicConfig,
} from "@switchboard/devstack/topic-declarations";
