/** Manifests shared by the hover, code lens, symbol and resource tests. */

/** The worked example of kubernetes-sidecars.md §3.2, as written there: cpu 1600m, memory 1208Mi. */
export const WORKED_EXAMPLE = `apiVersion: v1
kind: Pod
metadata:
  name: worked
spec:
  overhead: {cpu: 250m, memory: 120Mi}
  initContainers:
  - {name: init-a,    resources: {requests: {cpu: 500m, memory: 256Mi}}}
  - {name: sidecar-1, restartPolicy: Always, resources: {requests: {cpu: 100m, memory: 64Mi}}}
  - {name: init-b,    resources: {requests: {cpu: 300m, memory: 1Gi}}}
  - {name: sidecar-2, restartPolicy: Always, resources: {requests: {cpu: 200m, memory: 128Mi}}}
  containers:
  - {name: app,           resources: {requests: {cpu: "1",  memory: 512Mi}}}
  - {name: legacy-logger, resources: {requests: {cpu: 50m,  memory: 32Mi}}}
`;

/** The same pods as a Deployment of 3 replicas, in block style, after a Service. */
export const DEPLOYMENT = `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  ports:
    - port: 80
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
  template:
    spec:
      restartPolicy: Always
      overhead: {cpu: 250m, memory: 120Mi}
      initContainers:
        - name: init-a
          image: busybox:1.36
          resources: {requests: {cpu: 500m, memory: 256Mi}}
        - name: sidecar-1
          image: envoyproxy/envoy:v1.31
          restartPolicy: Always
          ports:
            - containerPort: 9901
              name: admin
          resources: {requests: {cpu: 100m, memory: 64Mi}}
        - name: init-b
          image: busybox:1.36
          resources: {requests: {cpu: 300m, memory: 1Gi}}
        - name: sidecar-2
          image: fluent/fluent-bit:3.2
          restartPolicy: Always
          resources: {requests: {cpu: 200m, memory: 128Mi}}
      containers:
        - name: app
          image: web:1.0
          restartPolicy: Always
          ports:
            - containerPort: 8080
              name: http
          resources: {requests: {cpu: "1", memory: 512Mi}}
        - name: legacy-logger
          image: busybox:1.36
          resources: {requests: {cpu: 50m, memory: 32Mi}}
`;
